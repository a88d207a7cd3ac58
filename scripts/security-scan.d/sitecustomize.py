# Loaded by Python at start-up when this folder is on PYTHONPATH (scripts/security-scan puts it
# there only for a loopback AWS_ENDPOINT_URL, such as moto in the tests). Some AWS clients put a
# label in front of the endpoint's host (S3 Control: <account-id>.127.0.0.1, S3 virtual-hosted
# buckets: <bucket>.127.0.0.1), names no resolver knows: they are sent to the loopback address.
import socket

_getaddrinfo = socket.getaddrinfo


def _loopback_labels(host, *args, **kwargs):
    if isinstance(host, bytes):
        host = host.decode()
    if isinstance(host, str) and (host.endswith(".127.0.0.1") or host.endswith(".localhost")):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback_labels
