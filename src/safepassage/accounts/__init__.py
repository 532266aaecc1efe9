"""Accounts: roles as groups, units, the policy table and login."""
