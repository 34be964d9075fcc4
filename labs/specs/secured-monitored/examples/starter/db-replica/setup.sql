-- db-replica: replicate from db-primary with GTID auto-positioning (MariaDB spelling).
CHANGE MASTER TO
  MASTER_HOST = '10.0.0.21',
  MASTER_PORT = 3306,
  MASTER_USER = 'replicator',
  MASTER_PASSWORD = 'replica-password',
  MASTER_USE_GTID = slave_pos,
  MASTER_CONNECT_RETRY = 10;
START SLAVE;
