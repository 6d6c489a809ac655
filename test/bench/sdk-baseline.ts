/**
 * The cold-import baseline of the bench: only the DynamoDB and SNS clients, bundled like a handler
 * (the SDK external, as the Lambda runtime provides it). A handler's import time is shown against it.
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { SNSClient } from '@aws-sdk/client-sns';
