package io.remoteservice.agent;

import io.remoteservice.agent.cli.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The agent. Started without arguments it runs the engine, the webapps and the REST API; started with
 * a command ({@code job check DIR}, {@code inventory check FILE}, ...) it runs that command without a
 * database or a server and exits with its code.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RemoteServiceAgentApplication {

  public static void main(String[] args) {
    if (CommandLine.isCommand(args)) {
      System.exit(CommandLine.run(args, System.out, System.err));
    }
    SpringApplication.run(RemoteServiceAgentApplication.class, args);
  }
}
