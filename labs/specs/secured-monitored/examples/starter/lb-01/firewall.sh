#!/usr/bin/env bash
# lb-01: ufw. Everything incoming is dropped but what this host's role needs.
set -e
sudo ufw default deny incoming
sudo ufw default allow outgoing
# ssh first, so enabling the firewall does not cut this session
sudo ufw limit 22/tcp
sudo ufw allow 80/tcp
sudo ufw allow 443/tcp
sudo ufw allow proto tcp from 10.0.0.30 to any port 8405  # HAProxy metrics
sudo ufw allow proto tcp from 10.0.0.30 to any port 9100   # node exporter, for monitor-01
sudo ufw --force enable
