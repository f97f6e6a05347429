DROP TABLE fx_rates;
DROP TABLE fx_import_batches;
