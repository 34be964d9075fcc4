#!/usr/bin/env bash
# lb-01: the firewall (ufw): ssh and the web from anywhere, everything else dropped.
sudo ufw default deny incoming
sudo ufw default allow outgoing
sudo ufw allow 22/tcp
sudo ufw allow 80/tcp
# VRRP adverts from the other load balancer (IP protocol 112)
sudo ufw allow from 10.0.0.15 proto vrrp
sudo ufw --force enable
