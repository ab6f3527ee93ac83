import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { aws_dynamodb as dynamodb } from 'aws-cdk-lib';

/**
 * CloudFormation properties for a table defined with the SDK's CreateTable shape (`tableDefinition` of
 * aws-adapters, which the emulator suite also creates), so the deployed keys, index and stream are those tested.
 * The name is left to CloudFormation; the workers learn it from the environment.
 */
export function cfnTableProps(definition: CreateTableCommandInput): dynamodb.CfnTableProps {
  const keySchema = (schema: CreateTableCommandInput['KeySchema']) => (schema ?? []).map((k) => ({ attributeName: k.AttributeName!, keyType: k.KeyType! }));
  const stream = definition.StreamSpecification;
  return {
    billingMode: definition.BillingMode,
    attributeDefinitions: (definition.AttributeDefinitions ?? []).map((a) => ({ attributeName: a.AttributeName!, attributeType: a.AttributeType! })),
    keySchema: keySchema(definition.KeySchema),
    ...(definition.GlobalSecondaryIndexes
      ? {
          globalSecondaryIndexes: definition.GlobalSecondaryIndexes.map((index) => ({
            indexName: index.IndexName!,
            keySchema: keySchema(index.KeySchema),
            projection: { projectionType: index.Projection?.ProjectionType },
          })),
        }
      : {}),
    ...(stream?.StreamEnabled ? { streamSpecification: { streamViewType: stream.StreamViewType! } } : {}),
  };
}
