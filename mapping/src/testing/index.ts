// Test material of @tracey/mapping (`@tracey/mapping/testing`): the ApiServerSource fixtures.
export { kubernetesFixture, KUBERNETES_FIXTURES } from './kubernetes-fixtures.js';
