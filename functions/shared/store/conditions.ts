/** A conditional write refused because its condition did not hold: an answer, not a fault. */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}
