// Device handoff: the host inspection as a tree kept current by hot-plug (what appeared or went
// away highlighted), findings explained with their evidence, re-scan, the liveness check of the
// person at the camera, and IT's sign-off.
#include <algorithm>

#include "ui/screens.h"

namespace kiosk::ui {
namespace {

constexpr const char* section_titles[][2] = {{"usb", "USB devices"}, {"displays", "Displays"},
                                              {"cameras", "Cameras"},  {"input", "Input devices"},
                                              {"software", "Software"}, {"network", "Network"}};

// The most telling name an inventory entry has.
std::string entry_name(const nlohmann::json& entry) {
    for (const char* key : {"name", "product", "device", "connector", "comm", "path", "id"})
        if (entry.contains(key) && entry[key].is_string() && !entry[key].get<std::string>().empty())
            return entry[key].get<std::string>();
    return entry.dump().substr(0, 60);
}

std::string entry_label(const nlohmann::json& entry) {
    std::string label = entry_name(entry);
    if (entry.contains("vendor_id") && entry["vendor_id"].is_string())
        label += "  [" + entry["vendor_id"].get<std::string>() + ":" + entry.value("product_id", std::string{}) + "]";
    return label;
}

// Findings name their subject ("usb 1-1 (PiKVM Composite Device)", "card0-HDMI-A-1"); an entry is
// flagged when either names the other.
bool mentions(const std::vector<Finding>& findings, const std::string& name, Severity* worst) {
    bool hit = false;
    for (const auto& finding : findings)
        if (!finding.subject.empty() &&
            (name.find(finding.subject) != std::string::npos || finding.subject.find(name) != std::string::npos)) {
            if (!hit || finding.severity > *worst) *worst = finding.severity;
            hit = true;
        }
    return hit;
}

void json_tree(const nlohmann::json& value, const Ui& ui) {
    for (const auto& [key, item] : value.items()) {
        if (item.is_object() || item.is_array()) {
            if (item.empty()) continue;
            if (ImGui::TreeNode(key.c_str())) {
                if (key == "chain" && item.is_array()) {
                    std::string chain;
                    for (const auto& link : item) chain += (chain.empty() ? "" : "  →  ") + (link.is_string() ? link.get<std::string>() : entry_label(link));
                    text_coloured(colour::text, chain);
                } else {
                    json_tree(item, ui);
                }
                ImGui::TreePop();
            }
        } else {
            ImGui::PushFont(ui.fonts.mono);
            const std::string line = key + " = " + (item.is_string() ? item.get<std::string>() : item.dump());
            ImGui::TextUnformatted(line.c_str());
            ImGui::PopFont();
        }
    }
}

bool changed(const app::HostSnapshot& host, app::HostChange::Kind kind, const nlohmann::json& entry) {
    return std::ranges::any_of(host.changes, [&](const app::HostChange& change) { return change.kind == kind && change.entry == entry; });
}

bool is_new(const app::HostSnapshot& host, const Finding& finding) {
    return std::ranges::any_of(host.new_findings, [&](const Finding& added) {
        return added.rule == finding.rule && added.subject == finding.subject;
    });
}

// Entries of an inventory section: a list of devices, or named groups of them (software: processes,
// modules, sockets…). Devices that appeared since the scan before carry a NEW badge.
void inventory_entries(const Ui& ui, const app::HostSnapshot& host, const nlohmann::json& section, const std::string& id) {
    if (section.is_object()) {
        for (const auto& [group, entries] : section.items()) {
            const std::string header = group + "  (" + std::to_string(entries.is_array() ? entries.size() : 1) + ")";
            if (ImGui::TreeNode((header + "##" + id + group).c_str())) {
                inventory_entries(ui, host, entries, id + group);
                ImGui::TreePop();
            }
        }
        return;
    }
    int index = 0;
    for (const auto& entry : section) {
        if (!entry.is_object()) {
            ImGui::BulletText("%s", entry.is_string() ? entry.get<std::string>().c_str() : entry.dump().c_str());
            continue;
        }
        const std::string label = entry_label(entry);
        if (changed(host, app::HostChange::Kind::added, entry)) {
            badge("NEW", colour::accent);
            ImGui::SameLine();
        }
        Severity worst = Severity::info;
        const bool flagged = mentions(host.findings, entry_name(entry), &worst);
        if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(worst));
        const bool open = ImGui::TreeNode((label + "##" + id + std::to_string(index++)).c_str());
        if (flagged) ImGui::PopStyleColor();
        if (open) {
            json_tree(entry, ui);
            ImGui::TreePop();
        }
    }
}

void inventory_tree(const Ui& ui, const app::HostSnapshot& host) {
    for (const auto& [key, title] : section_titles) {
        const auto section = host.inventory.value(key, nlohmann::json::array());
        const std::string header = std::string(title) + "  (" + std::to_string(section.size()) + ")";
        if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
        if (section.empty()) text_coloured(colour::muted, "none found");
        inventory_entries(ui, host, section, key);
        for (const auto& change : host.changes)
            if (change.kind == app::HostChange::Kind::removed && change.section == key) {
                badge("REMOVED", colour::muted);
                ImGui::SameLine();
                text_coloured(colour::muted, entry_label(change.entry));
            }
    }
}

// How the screen follows the machine, and what the last automatic re-scan found.
void live_status(const app::HostSnapshot& host) {
    if (!host.following.empty()) text_coloured(host.live ? colour::muted : colour::review, host.following);
    if (host.scans < 2 || host.trigger.empty()) return;
    std::size_t added = 0, removed = 0;
    for (const auto& change : host.changes) (change.kind == app::HostChange::Kind::added ? added : removed) += 1;
    const std::string summary = "Last scan (" + host.trigger + "): " + std::to_string(added) + " device(s) added, " +
                                std::to_string(removed) + " removed, " + std::to_string(host.new_findings.size()) +
                                " new finding(s), " + std::to_string(host.cleared_findings.size()) + " cleared";
    text_coloured(host.new_findings.empty() ? colour::accent : colour::fail, summary);
}

void findings_list(const Ui& ui, const app::HostSnapshot& host) {
    if (host.findings.empty()) {
        text_coloured(colour::pass, "Nothing on this machine matched a remote-control, capture or KVM signature.");
        return;
    }
    int index = 0;
    for (const auto& finding : host.findings) {
        ImGui::PushID(index++);
        if (is_new(host, finding)) {
            badge("NEW", colour::accent);
            ImGui::SameLine();
        }
        badge(upper(to_string(finding.severity)), severity_colour(finding.severity));
        ImGui::SameLine();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextWrapped("%s", finding.title.c_str());
        ImGui::PopFont();
        text_coloured(colour::muted, finding.subject + "   ·   " + finding.rule + "   ·   " + finding.category);
        if (ImGui::TreeNode("Evidence")) {
            ImGui::PushFont(ui.fonts.mono);
            ImGui::TextUnformatted(finding.evidence.dump(2).c_str());
            ImGui::PopFont();
            ImGui::TreePop();
        }
        ImGui::Separator();
        ImGui::PopID();
    }
}

void inspect(Ui& ui, HandoffForm& form) {
    auto& controller = ui.controller;
    const auto host = controller.host().snapshot();
    const float column = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    begin_panel("tree", {column, -1});
    ImGui::PushFont(ui.fonts.bold);
    ImGui::Text("This machine  (%s)", controller.host().root().c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (action_button("Re-scan  (R)", Key::r)) controller.rescan();
    live_status(*host);
    // A re-scan keeps the last result on screen until the new one lands: no flicker on hot-plug.
    if (host->state == app::HostSnapshot::State::running) text_coloured(colour::accent, "Scanning (" + host->trigger + ")…");
    if (host->state == app::HostSnapshot::State::failed) notice(host->message);
    if (host->scans > 0) inventory_tree(ui, *host);
    ImGui::EndChild();
    ImGui::SameLine();
    begin_panel("findings", {0, -1});
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Findings");
    ImGui::PopFont();
    if (host->scans > 0) {
        ImGui::SameLine();
        badge(upper(to_string(host->verdict)), verdict_colour(host->verdict));
        findings_list(ui, *host);
    } else {
        text_coloured(colour::muted, "No inspection result yet.");
    }
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Laptop or employee reference");
    ImGui::PopFont();
    std::string subject = controller.handoff().subject;
    ImGui::SetNextItemWidth(-1);
    const bool entered = text_field("##subject", subject, ImGuiInputTextFlags_EnterReturnsTrue);
    controller.set_handoff_subject(subject);
    text_coloured(colour::muted, "Next: the liveness check of the person at the camera, then IT's sign-off.");
    if (action_button("Record the inspection  (Enter)", Key::enter, -1) || entered) {
        auto result = controller.record_inspection();
        form.message = result ? "" : result.error().message;
    }
    ImGui::EndChild();
}

// The person at the camera: consent, one randomised head turn, the measured outcome.
void liveness(Ui& ui, HandoffForm& form) {
    auto& controller = ui.controller;
    const auto& handoff = controller.handoff();
    const auto run = controller.liveness();
    const float column = ImGui::GetContentRegionAvail().x * 0.6f;
    begin_panel("camera", {column, -1});
    if (run && !run->video.frame.empty()) {
        form.liveness_video.draw(run->video, ImGui::GetContentRegionAvail());
    } else {
        text_coloured(colour::muted, run ? "Opening the camera…" : "The camera's picture shows here during the check.");
    }
    ImGui::EndChild();
    ImGui::SameLine();
    begin_panel("check", {0, -1});
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Liveness of the person at the laptop");
    ImGui::PopFont();
    if (run) {
        ImGui::PushFont(ui.fonts.huge);
        ImGui::TextWrapped("%s", run->instruction.c_str());
        ImGui::PopFont();
        if (run->seconds_left > 0) ImGui::Text("%.0f s left", run->seconds_left);
        text_coloured(colour::muted, "Measured by the face tracker and the head-pose challenge engine; recorded when it ends.");
    } else {
        ImGui::TextUnformatted("Camera");
        const auto cameras = controller.liveness_cameras();
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##camera", handoff.camera.empty() ? "none found" : handoff.camera.c_str())) {
            for (const auto& camera : cameras)
                if (ImGui::Selectable(camera.c_str(), camera == handoff.camera)) controller.choose_liveness_camera(camera);
            ImGui::EndCombo();
        }
        ImGui::Spacing();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextUnformatted("Read this to the person first");
        ImGui::PopFont();
        ImGui::TextWrapped("%s", controller.consent_notice().c_str());
        if (action_button("The person consents: start the check  (L)", Key::l, -1)) {
            auto result = controller.start_liveness();
            form.message = result ? "" : result.error().message;
        }
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextUnformatted("Or skip it, saying why (recorded; the recommendation becomes at least review)");
        ImGui::SetNextItemWidth(-1);
        text_field("##skip-reason", form.skip_reason);
        if (ImGui::Button("Skip the liveness check")) {
            auto result = controller.skip_liveness(form.skip_reason);
            form.message = result ? "" : result.error().message;
        }
    }
    ImGui::EndChild();
}

}  // namespace

void draw_handoff(Ui& ui, HandoffForm& form) {
    const auto& handoff = ui.controller.handoff();
    heading(ui, "Device handoff", "Is this machine being driven from somewhere else?");
    if (!form.message.empty()) text_coloured(colour::fail, form.message);
    if (!handoff.message.empty()) text_coloured(colour::fail, handoff.message);
    if (!handoff.working.empty()) text_coloured(colour::accent, handoff.working);
    // Devices plugged in or out after the inspection are in the session, not only on screen.
    for (const auto& change : handoff.changes_recorded)
        text_coloured(colour::accent, "The machine changed after the inspection (" + change + "): inspected again and recorded");
    switch (handoff.step) {
        case HandoffStep::inspect: inspect(ui, form); break;
        case HandoffStep::liveness: liveness(ui, form); break;
        case HandoffStep::sign_off:
            draw_decision(ui, form.decision, form.message, handoff.recommendation, session::Workflow::handoff);
            break;
        case HandoffStep::done: draw_recorded(ui, handoff.session, handoff.decision, session::Workflow::handoff); break;
    }
}

}  // namespace kiosk::ui
