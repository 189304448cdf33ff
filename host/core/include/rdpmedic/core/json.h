#pragma once
/// The JSON forms of failures and supervisor events: one schema for `--json` output,
/// the history file and the tray.

#include "rdpmedic/core/diagnosis.h"
#include "rdpmedic/core/failure.h"
#include "rdpmedic/core/supervisor.h"

#include <nlohmann/json.hpp>

namespace rdpmedic {

/// {"kind","retriable","message","detail","codes":{"disc_reason","extended_reason","freerdp_error","exit_code"}}
/// Codes are hex strings ("0x904") except exit_code; absent codes are left out.
nlohmann::json to_json(const Failure& failure);

/// {"event","at" (UTC ISO 8601 with ms),"elapsed_ms","attempt","max_attempts","target",
///  "note", and "failure" / "delay_ms" / "diagnosis" where they apply}
nlohmann::json to_json(const SupervisorEvent& event);

/// The documented diagnosis schema (README, "Diagnosis"):
/// {"target","port","addresses":[…],"layers":[{"name","status","elapsed_ms","detail":{…}}],
///  "findings":[{"id","severity","summary","evidence":{…}}],"verdict":{"cause","fix"}}
nlohmann::json to_json(const Diagnosis& diagnosis);

/// The inverse of to_json(const Diagnosis&). Throws std::invalid_argument naming the first
/// field that is missing or of the wrong type.
Diagnosis diagnosis_from_json(const nlohmann::json& json);

/// "0x904"-style lower-case hex.
std::string to_hex(std::uint32_t value);
/// "0x0002000D": a FreeRDP error code (class << 16 | code), always eight digits.
std::string to_hex8(std::uint32_t value);

} // namespace rdpmedic
