# The compute worker built against LibTorch with CUDA (README, "Clusters"). From the repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t registry.example.org/hessianweb-worker:1 .
# The image carries LibTorch's CUDA libraries (TorchSharp-cuda-linux); the node gives it the NVIDIA driver
# (NVIDIA Container Toolkit). Build and runtime images are the same distribution, so the libstdc++ check of
# build/TorchSharpGlibcxxFix.targets at publish time holds where the worker runs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY HessianWeb.Shared/ HessianWeb.Shared/
COPY HessianWeb.Client/ HessianWeb.Client/
RUN dotnet publish HessianWeb.Client -c Release -p:TorchBackend=cuda -o /worker

FROM mcr.microsoft.com/dotnet/runtime:10.0
COPY --from=build /worker /worker
ENTRYPOINT ["dotnet", "/worker/HessianWeb.Client.dll"]
