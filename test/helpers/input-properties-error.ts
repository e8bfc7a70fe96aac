import * as pulumi from "@pulumi/pulumi";

/**
 * Calls `fn` and returns the `InputPropertiesError` it throws. Any other error is rethrown; no error at
 * all fails the test with `message`.
 */
export function thrownInputPropertiesError(
  fn: () => unknown,
  message = "expected an InputPropertiesError",
): pulumi.InputPropertiesError {
  try {
    fn();
  } catch (err) {
    if (pulumi.InputPropertiesError.isInstance(err)) return err;
    throw err;
  }
  throw new Error(message);
}
