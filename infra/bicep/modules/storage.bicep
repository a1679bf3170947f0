// The pipeline's storage: queues (and their -poison queues), tables and containers, as PipelineStore names them,
// plus the container the Flex Consumption app deploys its package from. Shared keys are off: every client (the
// functions host, the app's own clients, the runners, the azure-queue scaler) signs in with the managed identity.
param location string
param tags object
param accountName string

var queues = ['run-requests', 'slices', 'slice-events', 'reports']
var tables = ['Runs', 'Slices', 'Intervals', 'Schedules']
var containers = ['plans', 'reports', 'report-stages', 'locks', 'app-package']

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: accountName
  location: location
  tags: tags
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource pipelineQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [for queue in concat(queues, map(queues, q => '${q}-poison')): {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource pipelineTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource pipelineContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [for container in containers: {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

output accountName string = account.name
output slicesQueue string = 'slices'
output packageContainer string = '${account.properties.primaryEndpoints.blob}app-package'
