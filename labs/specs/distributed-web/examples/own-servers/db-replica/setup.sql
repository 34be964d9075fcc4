CHANGE MASTER TO
  MASTER_HOST = '198.51.100.31',
  MASTER_USER = 'replica_user',
  MASTER_PASSWORD = 'replica-password',
  MASTER_USE_GTID = slave_pos;
START SLAVE;
