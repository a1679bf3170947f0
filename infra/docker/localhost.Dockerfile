# The functions app on its local host, for Kubernetes clusters without Azure Functions (in Azure the app itself runs on
# Flex Consumption; see infra/bicep). Built from the published output:
#   dotnet publish functions/ServerlessLoad.LocalHost -c Release -o out/localhost
#   docker build -f infra/docker/localhost.Dockerfile -t serverlessload-functions out/localhost
# The report charts are drawn in process (ScottPlot on SkiaSharp), whose text needs fontconfig and a font.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "ServerlessLoad.LocalHost.dll"]
