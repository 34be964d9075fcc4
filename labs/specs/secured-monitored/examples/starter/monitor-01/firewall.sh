#!/usr/bin/env bash
# monitor-01: ufw. Everything incoming is dropped but what this host's role needs.
set -e
sudo ufw default deny incoming
sudo ufw default allow outgoing
# ssh first, so enabling the firewall does not cut this session
sudo ufw limit 22/tcp
sudo ufw allow 9090/tcp   # the Prometheus web UI
sudo ufw --force enable
