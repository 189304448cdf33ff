#pragma once
/// One function per rdpmedic-cli command; each returns the process exit code.

#include <string>
#include <vector>

namespace rdpmedic::cli {

int run_connect(const std::vector<std::string>& args);
int run_decode(const std::vector<std::string>& args);
int run_diagnose(const std::vector<std::string>& args);
int run_analyze(const std::vector<std::string>& args);
int run_plugins(const std::vector<std::string>& args);
int run_undo(const std::vector<std::string>& args);
int run_history(const std::vector<std::string>& args);
int run_certificates(const std::vector<std::string>& args);
int run_settings(const std::vector<std::string>& args);
int run_close_running(const std::vector<std::string>& args);

extern const char* const kConnectUsage;
extern const char* const kDecodeUsage;
extern const char* const kDiagnoseUsage;
extern const char* const kAnalyzeUsage;
extern const char* const kPluginsUsage;
extern const char* const kUndoUsage;
extern const char* const kHistoryUsage;
extern const char* const kCertificatesUsage;
extern const char* const kSettingsUsage;
extern const char* const kCloseRunningUsage;

} // namespace rdpmedic::cli
