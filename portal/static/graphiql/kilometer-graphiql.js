// Starts GraphiQL on Kilometer's page (portal/graphiql.py). Everything it needs is served by the
// application itself; it talks only to the /graphql endpoint that served the page.
(function () {
  "use strict";

  var EXAMPLE_QUERY = [
    "# Kilometer: R&D projects on the 13-level maturity scale.",
    "# Run: Ctrl-Enter or the play button. Complete: Ctrl-Space.",
    "# A token goes in Headers: {\"Authorization\": \"Bearer km_...\"}",
    "",
    "{",
    "  maturityScales {",
    "    code",
    "    levels { number name trlEquivalent }",
    "  }",
    "}",
    "",
  ].join("\n");

  var url = window.location.href.split(/[?#]/)[0];
  var params = new URLSearchParams(window.location.search);

  // The query being edited is kept in the address (?q=...) so that it can be shared.
  function keepInAddress(query) {
    var next = new URLSearchParams(window.location.search);
    next.set("q", query);
    window.history.replaceState(null, "", "?" + next.toString());
  }

  function KilometerGraphiQL() {
    var explorer = React.useMemo(function () {
      return GraphiQLPluginExplorer.explorerPlugin();
    }, []);
    return React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: url }),
      defaultQuery: EXAMPLE_QUERY,
      query: params.get("q") || undefined,
      onEditQuery: keepInAddress,
      plugins: [explorer],
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // A bearer token typed into the Headers tab must not outlive the tab in localStorage.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(KilometerGraphiQL)
  );
})();
