# Functions host container: HTTP API and the run-requests / slice-events / reports queue triggers.
# Build from the repository root: docker build -f infra/docker/functions.Dockerfile -t serverlessload-functions .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish functions/ServerlessLoad.Functions/ServerlessLoad.Functions.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The report charts are drawn with SkiaSharp, whose native library needs fontconfig and a font to write any text.
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "ServerlessLoad.Functions.dll"]
