// The fault suite's name for @tracey/testing's check.
export { portOpen } from '@tracey/testing';
