package org.vantage.detect.incident;

import java.util.Collection;
import java.util.Optional;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.detect.config.LateEvidenceSettings;
import org.vantage.detect.model.LateEvidence;
import org.vantage.schema.Classification;

/**
 * What one network's late measurements (later than the grace period) say about one incident of its country: how many
 * were taken during it, how many confirm it, and so how its record's start and end are corrected. Pure.
 *
 * <p>A window of late measurements confirms an incident when it fails the way the incident says, with the live
 * rules but no sustain: for a {@code NETWORK_OUTAGE}, control failing at {@code controlOutageRate} or more; for a
 * {@code PLATFORM_RESTRICTION}, one of its platforms failing at {@code disruptedFailureRate} or more while control
 * works; each by at least {@code minProbes} distinct probes, so that one probe's own lost connection confirms nothing.
 * Throttling is not judged from late data (slowness is judged against the window's baseline, gone by then).
 *
 * <p>The windows taken into account start at the incident's onset windows (the {@code onsetWindows} before its
 * start, where its evidence was building up) and, for a resolved incident, run on past its recorded end only while
 * late windows keep confirming it without a gap: the end a live assessment recorded too early (it assessed a window
 * before the network's measurements of it could arrive) is pushed to the last confirming measurement, while an
 * unrelated failure later on is left alone.
 */
final class LateReconciliation {

    /**
     * @param measurements   late measurements of the kind the incident is about, taken during it
     * @param confirming     of those, the failing ones in confirming windows
     * @param firstConfirming event time of the earliest confirming measurement
     * @param lastConfirming  event time of the latest confirming measurement
     */
    record Result(long measurements, long confirming, long firstConfirming, long lastConfirming) {

        /** The start corrected: the earliest confirming measurement when earlier (it is within the onset windows). */
        long start(long recordedStart) {
            return Math.min(recordedStart, firstConfirming);
        }

        /** The end corrected: the latest confirming measurement when later. */
        long end(long recordedEnd) {
            return Math.max(recordedEnd, lastConfirming);
        }
    }

    private final LateEvidenceSettings settings;

    LateReconciliation(LateEvidenceSettings settings) {
        this.settings = settings;
    }

    /**
     * @param platforms the incident's platforms (every one it had), for a restriction
     * @param end       the recorded end of a resolved incident, null while it is open
     * @return the confirmation, or empty when no late window confirms the incident
     */
    Optional<Result> confirm(
            LateEvidence evidence, Classification classification, Collection<String> platforms, long start, Long end) {
        if (classification != Classification.NETWORK_OUTAGE && classification != Classification.PLATFORM_RESTRICTION) {
            return Optional.empty();
        }
        long windowMs = settings.windowMs();
        long from = start - Math.floorMod(start, windowMs) - settings.onsetWindows() * windowMs;
        long reach = end == null ? Long.MAX_VALUE : end;
        long measurements = 0;
        long confirming = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (LateEvidence.Window w : evidence.windows()) {
            if (w.windowStart() < from) {
                continue;
            }
            if (end != null && w.windowStart() > ceilToWindow(reach, windowMs)) {
                break; // a gap after the recorded end: what follows is not this incident's
            }
            Tally tally = classification == Classification.NETWORK_OUTAGE ? outage(w) : restriction(w, platforms);
            if (tally.confirming > 0 || w.windowStart() < reach) {
                measurements += tally.measurements; // taken during the incident (as far as it is known so far)
            }
            if (tally.confirming > 0) {
                confirming += tally.confirming;
                first = Math.min(first, tally.first);
                last = Math.max(last, tally.last);
                if (end != null) {
                    reach = Math.max(reach, tally.last);
                }
            }
        }
        return confirming == 0 ? Optional.empty() : Optional.of(new Result(measurements, confirming, first, last));
    }

    private Tally outage(LateEvidence.Window w) {
        Tally tally = new Tally();
        LateEvidence.PlatformCount control = w.platform(DetectionThresholds.CONTROL);
        if (control != null) {
            tally.measurements = control.measurements();
            if (fails(control, settings.controlOutageRate())) {
                tally.confirm(control);
            }
        }
        return tally;
    }

    private Tally restriction(LateEvidence.Window w, Collection<String> platforms) {
        Tally tally = new Tally();
        LateEvidence.PlatformCount control = w.platform(DetectionThresholds.CONTROL);
        boolean controlWorks = control == null || control.failureRate() <= settings.controlHealthyMax();
        for (String platform : platforms) {
            LateEvidence.PlatformCount p = w.platform(platform);
            if (p != null) {
                tally.measurements += p.measurements();
                if (controlWorks && fails(p, settings.disruptedFailureRate())) {
                    tally.confirm(p);
                }
            }
        }
        return tally;
    }

    private boolean fails(LateEvidence.PlatformCount p, double rate) {
        return p.failing() > 0 && p.failingProbes() >= settings.minProbes() && p.failureRate() >= rate;
    }

    private static long ceilToWindow(long time, long windowMs) {
        long floor = time - Math.floorMod(time, windowMs);
        return floor == time ? time : floor + windowMs;
    }

    private static final class Tally {
        long measurements;
        long confirming;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void confirm(LateEvidence.PlatformCount p) {
            confirming += p.failing();
            first = Math.min(first, p.firstFailing());
            last = Math.max(last, p.lastFailing());
        }
    }
}
