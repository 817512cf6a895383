@echo off
rem Hark launcher (Windows): finds a Java 21+ and starts the workbench, or with "serve" the headless server.
setlocal
set "HARK_HOME=%~dp0"
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" -XshowSettings:properties -version 2>&1 | findstr /R /C:"java.specification.version = [2-9][0-9]" >nul
if errorlevel 1 (
  echo hark: Java 21 or newer is required; install a JDK 21+ ^(e.g. Temurin^) and set JAVA_HOME to it 1>&2
  exit /b 1
)
set "LAUNCHER="
for %%f in ("%HARK_HOME%plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%f"
if not defined LAUNCHER (
  echo hark: broken installation: no Equinox launcher jar under %HARK_HOME%plugins 1>&2
  exit /b 1
)
if "%~1"=="serve" goto serve
if "%~1"=="transcribe" goto transcribe
if "%~1"=="dataset" goto dataset
if "%~1"=="devices" goto devices
if "%~1"=="train" goto train
if "%~1"=="runs" goto runs
if "%~1"=="evaluate" goto evaluate
if "%~1"=="plugins" goto plugins
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx2g"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -data "%USERPROFILE%\.hark\workbench" %*
exit /b %ERRORLEVEL%
:serve
rem hark serve [--host H] [--port P] [--data DIR] [--token T]: the headless server
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx2g -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name "Hark Server" -application dev.hark.server.application -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:transcribe
rem hark transcribe FILE... [options]: headless transcription
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx1g -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.cli.transcribe -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:dataset
rem hark dataset generate|list ...: datasets of a server data folder
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx1g -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.training.dataset -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:devices
rem hark devices: the capture devices and their formats
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx256m -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.cli.devices -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:evaluate
rem hark evaluate --dataset DIR [--server URL] [--model M]: WER, CER and latencies of a model
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx512m -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.cli.evaluate -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:runs
rem hark runs list|show|export --tensorboard DIR: training runs and their metrics
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx1g -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.cli.runs -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:train
rem hark train start|resume|stop|follow ...: training on a Hark or asr-test server
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx256m -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.cli.train -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:plugins
rem hark plugins: the plugins of plugins-dropins and %USERPROFILE%\.hark\plugins, their versions and states
shift
if not defined HARK_VM_ARGS set "HARK_VM_ARGS=-Xmx256m -Djava.awt.headless=true"
"%JAVA_EXE%" %HARK_VM_ARGS% -jar "%LAUNCHER%" -name Hark -application dev.hark.plugins.list -nosplash -data @none %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%
