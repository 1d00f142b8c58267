package io.remoteservice.agent.cli;

/**
 * The one place that lists the command groups. Each capability adds its line here
 * (e.g. {@code CommandLine.register("job", new JobCommand())}).
 */
final class Commands {

  private Commands() {}

  static void registerAll() {
    // Command groups are registered by the capabilities that own them.
    CommandLine.register("job", new io.remoteservice.agent.job.JobCommand());
    CommandLine.register("hostkey", new io.remoteservice.agent.remote.HostKeyCommand());
    CommandLine.register("inventory", new io.remoteservice.agent.inventory.InventoryCommand());
    CommandLine.register("campaign", new io.remoteservice.agent.campaign.CampaignCommand());
  }
}
