package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All projects of the fake, keyed by api key; api keys and app ids are unique. */
public final class AmplitudeStore {

  private final AmplitudeSettings settings;
  private final long idSeed;
  private final Map<String, ProjectState> byApiKey = new LinkedHashMap<>();

  public AmplitudeStore(AmplitudeSettings settings) {
    this.settings = settings;
    this.idSeed = settings.idSeed != null ? settings.idSeed : new SecureRandom().nextLong();
  }

  /**
   * Adds a project with no users and no cohorts.
   *
   * @throws ConflictException if the api key or the app id is already used
   */
  public synchronized ProjectState create(AmplitudeProject project) {
    if (byApiKey.containsKey(project.apiKey())) {
      throw new ConflictException(
          "a project with api key " + Keys.mask(project.apiKey()) + " already exists",
          "use another api key; each project needs its own");
    }
    for (ProjectState existing : byApiKey.values()) {
      if (existing.project().appId() == project.appId()) {
        throw new ConflictException(
            "app id " + project.appId() + " already belongs to project " + existing.project().name(),
            "use another app id; each project needs its own");
      }
    }
    // Each project draws ids from its own sequence, so projects stay independent and a fixed
    // idSeed gives every project the same ids on every run.
    long seed = idSeed ^ (project.appId() * 0x9E3779B97F4A7C15L);
    ProjectState state = new ProjectState(project, settings, seed);
    byApiKey.put(project.apiKey(), state);
    return state;
  }

  /** Returns the project with this api key, or null. */
  public synchronized ProjectState find(String apiKey) {
    return byApiKey.get(apiKey);
  }

  /**
   * Returns the project with this api key.
   *
   * @throws UnknownResourceException if there is none
   */
  public synchronized ProjectState require(String apiKey) {
    ProjectState state = byApiKey.get(apiKey);
    if (state == null) {
      throw new UnknownResourceException(
          "project with api key", apiKey, "create it with POST /_emulator/amplitude/projects first");
    }
    return state;
  }

  /** Returns the project with this app id, or null. */
  public synchronized ProjectState findByAppId(long appId) {
    for (ProjectState state : byApiKey.values()) {
      if (state.project().appId() == appId) {
        return state;
      }
    }
    return null;
  }

  public synchronized List<ProjectState> projects() {
    return List.copyOf(byApiKey.values());
  }

  /** Drops every project; requests held in a project are released first so none hang. */
  public synchronized void clear() {
    for (ProjectState state : byApiKey.values()) {
      state.release();
    }
    byApiKey.clear();
  }
}
