"""The read planner: declarations of where data lives, and the engine that reads them."""
