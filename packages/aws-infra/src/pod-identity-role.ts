import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The principal EKS Pod Identity assumes roles with (it tags the session with the pod's namespace and account). */
export function podIdentityPrincipal(): iam.IPrincipal {
  return new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags();
}

/** Binds a role to one Kubernetes service account; the service account needs no annotation. */
export function associatePodIdentity({ scope, id, cluster, namespace, serviceAccount, role }: { scope: Construct; id: string; cluster: eks.ICluster; namespace: string; serviceAccount: string; role: iam.IRole }) {
  return new eks.CfnPodIdentityAssociation(scope, id, { clusterName: cluster.clusterName, namespace, serviceAccount, roleArn: role.roleArn });
}

/** A role for an add-on's service account (Karpenter, KEDA), with its Pod Identity association. */
export class PodIdentityRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, { cluster, namespace, serviceAccount }: { cluster: eks.ICluster; namespace: string; serviceAccount: string }) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', { assumedBy: podIdentityPrincipal(), description: `EKS Pod Identity of ${namespace}/${serviceAccount}` });
    associatePodIdentity({ scope: this, id: 'Association', cluster, namespace, serviceAccount, role: this.role });
  }
}
