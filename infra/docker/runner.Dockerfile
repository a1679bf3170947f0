# Runner container: a competing consumer of the slices queue.
# Build from the repository root: docker build -f infra/docker/runner.Dockerfile -t serverlessload-runner .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish runner/ServerlessLoad.Runner/ServerlessLoad.Runner.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /out .
# Continuations run on the socket event thread: the engine never blocks on that path.
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    DOTNET_gcServer=0
ENTRYPOINT ["dotnet", "ServerlessLoad.Runner.dll"]
