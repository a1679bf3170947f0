// ServerlessLoad in Azure: a storage account (queues, tables, blobs), the functions host and the runners as
// Container Apps, runners scaled by KEDA on the slices queue, storage reached with a managed identity.
@description('Prefix for resource names.')
param prefix string = 'sload'
param location string = resourceGroup().location
param functionsImage string
param runnerImage string
@description('Most runner replicas at once.')
param maxRunners int = 32
@description('Export the pipeline\'s traces and metrics (OpenTelemetry) to an Application Insights resource.')
param telemetry bool = true

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${prefix}${uniqueString(resourceGroup().id)}'
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-identity'
  location: location
}

// Storage Queue Data Contributor, Storage Table Data Contributor, Storage Blob Data Contributor.
var roles = [
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
]

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${prefix}-env'
  location: location
  properties: {}
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = if (telemetry) {
  name: '${prefix}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

// One trace per run across the functions host and every runner (APPLICATIONINSIGHTS_CONNECTION_STRING turns the
// Azure Monitor exporter on in both).
resource insights 'Microsoft.Insights/components@2020-02-02' = if (telemetry) {
  name: '${prefix}-insights'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs!.id }
}

var storageSettings = concat([
  { name: 'Sload__StorageAccountName', value: storage.name }
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
], telemetry ? [{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights!.properties.ConnectionString }] : [])

resource functions 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${prefix}-functions'
  location: location
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    managedEnvironmentId: environment.id
    configuration: { ingress: { external: true, targetPort: 8080 } }
    template: {
      containers: [{ name: 'functions', image: functionsImage, env: storageSettings }]
      scale: { minReplicas: 1, maxReplicas: 1 }
    }
  }
}

resource runners 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${prefix}-runner'
  location: location
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      secrets: [{ name: 'queue-connection', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}' }]
    }
    template: {
      containers: [{
        name: 'runner'
        image: runnerImage
        env: concat(storageSettings, [{ name: 'DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS', value: '1' }])
        resources: { cpu: json('2.0'), memory: '4Gi' }
      }]
      scale: {
        minReplicas: 0
        maxReplicas: maxRunners
        rules: [{
          name: 'slices'
          azureQueue: { queueName: 'slices', queueLength: 4, auth: [{ secretRef: 'queue-connection', triggerParameter: 'connection' }] }
        }]
      }
    }
  }
}

output apiUrl string = 'https://${functions.properties.configuration.ingress.fqdn}'
