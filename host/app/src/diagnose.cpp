#include "rdpmedic/app/diagnose.h"

#include "rdpmedic/app/connection.h"
#include "rdpmedic/probe/probe.h"

namespace rdpmedic::app {

Diagnosis diagnose(const std::string& where, const DiagnoseOptions& options) {
    const ConnectRequest request = request_from(where);
    probe::Probe probe;
    return probe.diagnose(request.target, diagnose_options(request, options));
}

} // namespace rdpmedic::app
