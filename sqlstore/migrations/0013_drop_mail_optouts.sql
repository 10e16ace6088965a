-- The statements members turned off were copied into notice_deliveries
-- (0009); every kind of email is now a delivery of a kind of notice.
DROP TABLE mail_optouts;
