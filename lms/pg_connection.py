"""PostgreSQL connections that keep their prepared statements when a transaction is rolled
back.

psycopg prepares a statement on the server once a connection has run it five times, so
PostgreSQL plans it once rather than on every run (for the thread page's seven-table
statement, planning took 0.9 ms and running it 0.15 ms). But psycopg also forgets every
prepared statement (DEALLOCATE ALL) on each ROLLBACK, and a request that only reads ends
with one, when its session is closed: so no statement was ever prepared, and every query
of every page was planned afresh.

A rolled-back transaction leaves server-side prepared statements in place, and PostgreSQL
re-plans one whose tables changed; psycopg forgets them as a precaution against schema
changes made in the transaction. Requests change no schema, and psycopg still forgets its
statements after a DROP or ALTER it runs (migrations, tests), so only the ROLLBACK
precaution is dropped here.
"""

import psycopg
from psycopg.pq import TransactionStatus


class KeepsPreparedStatements(psycopg.Connection):
    """A psycopg connection whose rollback() keeps the prepared statements."""

    def rollback(self) -> None:
        """ROLLBACK the open transaction, if any, without DEALLOCATE ALL."""
        if self._pipeline is not None or self._num_transactions:
            super().rollback()  # psycopg's own checks and pipeline handling
            return
        if self.pgconn.transaction_status == TransactionStatus.IDLE:
            return
        with self.lock:
            self.wait(self._exec_command(b"ROLLBACK"))


def connect(dialect, _record, cargs, cparams):
    """SQLAlchemy's do_connect hook: open the connection as a KeepsPreparedStatements."""
    return KeepsPreparedStatements.connect(*cargs, **cparams)
