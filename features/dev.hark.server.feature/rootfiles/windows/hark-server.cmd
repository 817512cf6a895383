@echo off
rem Hark server launcher (Windows): finds a Java 21+ and starts the headless server.
setlocal
set "HARK_HOME=%~dp0"
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" -XshowSettings:properties -version 2>&1 | findstr /R /C:"java.specification.version = [2-9][0-9]" >nul
if errorlevel 1 (
  echo hark-server: Java 21 or newer is required; install a JDK 21+ ^(e.g. Temurin^) and set JAVA_HOME to it 1>&2
  exit /b 1
)
set "LAUNCHER="
for %%f in ("%HARK_HOME%plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%f"
if not defined LAUNCHER (
  echo hark-server: broken installation: no Equinox launcher jar under %HARK_HOME%plugins 1>&2
  exit /b 1
)
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx2g -Djava.awt.headless=true"
if "%~1"=="dataset" (
  "%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name "Hark Server" -application dev.hark.training.dataset -nosplash -data @none %2 %3 %4 %5 %6 %7 %8 %9
  exit /b %ERRORLEVEL%
)
if "%~1"=="plugins" (
  "%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name "Hark Server" -application dev.hark.plugins.list -nosplash -data @none %2 %3 %4 %5 %6 %7 %8 %9
  exit /b %ERRORLEVEL%
)
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name "Hark Server" -consoleLog -data @none %*
