"""Accounts: register, log in and out, passwords."""
