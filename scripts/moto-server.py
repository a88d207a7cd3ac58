# moto_server, as scripts/install-test-tools installs it in .tools/bin (with the venv's python):
# the IAM backends build the AWS-managed policies (about 1,600, loaded because the tests set
# MOTO_IAM_LOAD_MANAGED_POLICIES=true) when a request first needs them, not when the backend
# is made. moto keeps an IAM backend per partition (six per account) and rebuilds each one on
# every POST /moto-api/reset: about 2.5 s of CPU per reset, and the tests reset before most
# tests (10 resets: 27.6 s of moto's CPU before, 3.7 s after). Requests see the same policies.
import sys

from moto.iam import models as iam
from moto.server import main

_build = iam.IAMBackend._init_aws_policies


def _aws_policies(self):
    state = self.__dict__
    if state.get("_aws_policies") is None:
        state["_aws_policies"] = _build(self)
        managed = state.setdefault("_managed_policies", {})
        for policy in state["_aws_policies"]:
            managed.setdefault(policy.arn, policy)
    return state["_aws_policies"]


def _set_aws_policies(self, value):
    self.__dict__["_aws_policies"] = value


def _managed_policies(self):
    _aws_policies(self)  # the customer-managed ones sit beside the AWS-managed ones
    return self.__dict__["_managed_policies"]


def _set_managed_policies(self, value):
    self.__dict__["_managed_policies"] = value


iam.IAMBackend._init_aws_policies = lambda self: None  # built by the property on first use
iam.IAMBackend._init_managed_policies = lambda self: {}  # the AWS-managed ones join on first use
iam.IAMBackend.aws_managed_policies = property(_aws_policies, _set_aws_policies)
iam.IAMBackend.managed_policies = property(_managed_policies, _set_managed_policies)

if __name__ == "__main__":
    sys.exit(main())
