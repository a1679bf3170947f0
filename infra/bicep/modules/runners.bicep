// The runner as an event-driven Container Apps job: the azure-queue rule (KEDA's scaler) watches the slices queue with
// the managed identity and starts one execution per message, up to maxExecutions at once; the runner in job mode takes
// one slice message, runs it and exits. Logs go to the Log Analytics workspace.
param location string
param tags object
param environmentName string
param jobName string
param workspaceName string
param storageAccountName string
param slicesQueue string
param identityId string
param identityClientId string
param registryServer string
param image string
param maxExecutions int
@description('Application Insights connection string: the runners export their slices\' spans there, in the run\'s trace.')
@secure()
param insightsConnectionString string

@description('Longest a slice may run, in seconds (a replica is stopped after it; the watchdog then hands the slice over).')
param replicaTimeout int = 86400

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource job 'Microsoft.App/jobs@2025-01-01' = {
  name: jobName
  location: location
  tags: union(tags, { 'azd-service-name': 'runner' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Event'
      replicaTimeout: replicaTimeout
      replicaRetryLimit: 0
      secrets: [
        { name: 'insights-connection-string', value: insightsConnectionString }
      ]
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      eventTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
        scale: {
          minExecutions: 0
          maxExecutions: maxExecutions
          pollingInterval: 5
          rules: [
            {
              name: 'slices'
              type: 'azure-queue'
              metadata: {
                accountName: storageAccountName
                queueName: slicesQueue
                queueLength: '1'
              }
              identity: identityId
            }
          ]
        }
      }
    }
    template: {
      containers: [
        {
          name: 'runner'
          image: image
          env: [
            { name: 'Sload__RunnerMode', value: 'job' }
            { name: 'Sload__StorageAccountName', value: storageAccountName }
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'insights-connection-string' }
          ]
          resources: {
            cpu: json('2.0')
            memory: '4Gi'
          }
        }
      ]
    }
  }
}

output environmentName string = environment.name
output jobName string = job.name
