## records
