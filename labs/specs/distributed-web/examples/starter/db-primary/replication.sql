CREATE DATABASE app_db;
CREATE USER 'replica_user'@'%' IDENTIFIED BY 'secret';
GRANT REPLICATION SLAVE ON *.* TO 'replica_user'@'%';
