## account
