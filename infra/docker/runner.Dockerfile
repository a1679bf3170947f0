# The runner image, built from the published output (no SDK in the image, nothing compiled in it):
#   dotnet publish runner/ServerlessLoad.Runner -c Release -o out/runner
#   docker build -f infra/docker/runner.Dockerfile -t serverlessload-runner out/runner
# The same image runs as a job (the default here: one slice message, then exit; an event-driven Container Apps job or a
# KEDA ScaledJob starts it) or as a long-lived pool runner (Sload__RunnerMode=pool). The process restarts itself in
# place with the generator's runtime settings (GeneratorRuntime), so nothing else needs setting for the load engine.
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY . .
ENV Sload__RunnerMode=job \
    DOTNET_gcServer=0
USER $APP_UID
ENTRYPOINT ["dotnet", "ServerlessLoad.Runner.dll"]
