"""entry.sequence: the entry's words in order, for the proximity rerank

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entry") as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Text(), nullable=False, server_default=""))
    # Existing rows get their sequence when the store rebuilds its entries (the index
    # version changes with this revision), so nothing is computed here.
    op.execute("DELETE FROM kb_meta WHERE key = 'index_version'")


def downgrade() -> None:
    with op.batch_alter_table("entry") as batch_op:
        batch_op.drop_column("sequence")
