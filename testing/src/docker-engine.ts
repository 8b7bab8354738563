import { withDeadline } from '@tracey/common';

/**
 * True when a container engine answers, as testcontainers would find it. Imported lazily:
 * on machines without Docker the testcontainers module is never loaded.
 */
export async function dockerEngineAnswers(): Promise<boolean> {
  if (process.env.TRACEY_TEST_NO_CONTAINERS === '1') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withDeadline(getContainerRuntimeClient(), 10_000, 'the container runtime');
    return true;
  } catch {
    return false;
  }
}
