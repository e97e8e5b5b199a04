"""The account page: change password, download my data, delete my account."""
