import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/sources/aws/redact.js';

describe('raw answers kept as evidence lose the secrets Vigil reports only by name', () => {
  it('redacts ECS container environment values and keeps names and other fields', () => {
    const answer = { taskDefinition: { family: 'api', containerDefinitions: [{ name: 'api', image: 'api:1', environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'EMPTY' }] }] } };
    expect(redactSecrets(answer)).toEqual({
      taskDefinition: { family: 'api', containerDefinitions: [{ name: 'api', image: 'api:1', environment: [{ name: 'DB_PASSWORD', value: '[redacted by vigil]' }, { name: 'EMPTY' }] }] },
    });
  });

  it('redacts Lambda environment variables, CodeBuild variable values and credentials in URLs', () => {
    const lambda = { Functions: [{ FunctionName: 'f', Environment: { Variables: { API_KEY: 'abc', TABLE: 'patients' } } }] };
    expect(redactSecrets(lambda)).toEqual({ Functions: [{ FunctionName: 'f', Environment: { Variables: { API_KEY: '[redacted by vigil]', TABLE: '[redacted by vigil]' } } }] });
    const codebuild = {
      projects: [{
        name: 'p',
        environment: { image: 'aws/codebuild/standard:7.0', environmentVariables: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalr', type: 'PLAINTEXT' }] },
        source: { type: 'BITBUCKET', location: 'https://bot:app-password@bitbucket.org/clinic/api.git' },
      }],
    };
    expect(redactSecrets(codebuild)).toEqual({
      projects: [{
        name: 'p',
        environment: { image: 'aws/codebuild/standard:7.0', environmentVariables: [{ name: 'AWS_SECRET_ACCESS_KEY', value: '[redacted by vigil]', type: 'PLAINTEXT' }] },
        source: { type: 'BITBUCKET', location: 'https://***@bitbucket.org/clinic/api.git' },
      }],
    });
  });

  it('leaves answers without secrets as they are', () => {
    const answer = { Buckets: [{ Name: 'b', CreationDate: '2024-01-01T00:00:00Z' }], Owner: { ID: 'x' } };
    expect(redactSecrets(answer)).toEqual(answer);
  });
});
