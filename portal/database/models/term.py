"""The names of vocabulary members, copied from `portal.vocabulary` for SQL joins and search."""

from tortoise import fields
from tortoise.models import Model


class Term(Model):
    """One member of a fixed vocabulary with its Chinese and English names.

    Written only by the release step (`kilometer migrate`), which keeps it equal to
    `portal.vocabulary`; code reads the vocabulary module, SQL reads this table.
    """

    id = fields.IntField(primary_key=True)
    vocabulary = fields.CharField(max_length=64)
    code = fields.CharField(max_length=64)
    name_zh = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    position = fields.SmallIntField()

    class Meta:
        table = "term"
        unique_together = (("vocabulary", "code"),)
