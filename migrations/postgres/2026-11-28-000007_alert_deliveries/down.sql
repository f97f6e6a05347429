DROP TABLE alert_deliveries;
