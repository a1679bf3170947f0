// ServerlessLoad in Azure, what `azd up` deploys into one resource group:
// - a Storage account: the pipeline's queues, tables and blob containers (shared keys off: managed identity only);
// - the functions app (the isolated worker) on a Flex Consumption plan, with Application Insights;
// - a Container Apps environment in which the runner is an event-driven job, one execution per slice message,
//   scaled by the azure-queue rule on the slices queue with the managed identity;
// - one user-assigned managed identity for both, with the storage data roles and image pull;
// - a container registry for the runner image and a Log Analytics workspace for every log.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; resource names derive from it.')
param environmentName string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Runner image; azd deploy replaces the placeholder with the image it builds from infra/docker/runner.Dockerfile.')
param runnerImage string = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

@description('Most runner job executions at once: the most slices running at the same time.')
@minValue(1)
@maxValue(1000)
param maxRunners int = 100

@description('Object id of the person or pipeline deploying (azd sets it): allowed to upload the functions package.')
param principalId string = ''

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: 'log-${token}'
    insightsName: 'appi-${token}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    accountName: 'st${token}'
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: tags
    identityName: 'id-${token}'
    registryName: 'cr${token}'
    storageAccountName: storage.outputs.accountName
    deployerPrincipalId: principalId
  }
}

module functions 'modules/functions.bicep' = {
  name: 'functions'
  params: {
    location: location
    tags: tags
    planName: 'plan-${token}'
    appName: 'func-${token}'
    storageAccountName: storage.outputs.accountName
    packageContainer: storage.outputs.packageContainer
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    insightsConnectionString: monitoring.outputs.insightsConnectionString
  }
}

module runners 'modules/runners.bicep' = {
  name: 'runners'
  params: {
    location: location
    tags: tags
    environmentName: 'cae-${token}'
    jobName: 'job-runner-${token}'
    workspaceName: monitoring.outputs.workspaceName
    storageAccountName: storage.outputs.accountName
    slicesQueue: storage.outputs.slicesQueue
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    registryServer: identity.outputs.registryServer
    image: runnerImage
    maxExecutions: maxRunners
    insightsConnectionString: monitoring.outputs.insightsConnectionString
  }
}

output AZURE_LOCATION string = location
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.accountName
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = identity.outputs.registryServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = runners.outputs.environmentName
output SLOAD_API_URL string = functions.outputs.url
output SLOAD_FUNCTIONS_APP_NAME string = functions.outputs.appName
output SLOAD_RUNNER_JOB_NAME string = runners.outputs.jobName
