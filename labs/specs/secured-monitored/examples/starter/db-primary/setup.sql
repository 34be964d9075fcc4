-- db-primary: the application database, the replication user and the application user.
CREATE DATABASE IF NOT EXISTS app_db;

CREATE USER 'replicator'@'10.0.0.22' IDENTIFIED BY 'replica-password';
GRANT REPLICATION SLAVE ON *.* TO 'replicator'@'10.0.0.22';

CREATE USER 'app'@'10.0.0.13' IDENTIFIED BY 'app-password';
GRANT SELECT, INSERT, UPDATE, DELETE ON app_db.* TO 'app'@'10.0.0.13';
