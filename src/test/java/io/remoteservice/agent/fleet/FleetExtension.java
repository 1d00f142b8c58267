package io.remoteservice.agent.fleet;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's {@link Fleet} (a {@code Fleet} parameter of a test method, lifecycle method or
 * constructor) and closes it when the whole JUnit run ends, also when tests failed: the fleet is kept in
 * the root context's store, which JUnit closes last. A failed close (a daemon that survives) fails the run.
 */
public final class FleetExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Fleet.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    fleet(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Fleet.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return fleet(context);
  }

  /** The fleet, registered for closing at the end of the run. */
  public static Fleet fleet(ExtensionContext context) {
    Fleet fleet = Fleet.shared();
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    ClosingFleet closing = store.getOrComputeIfAbsent(fleet, ClosingFleet::new, ClosingFleet.class);
    return closing.fleet;
  }

  @SuppressWarnings("deprecation") // CloseableResource: the store's contract on JUnit 5.12 (Boot 3.5)
  private static final class ClosingFleet implements ExtensionContext.Store.CloseableResource {
    private final Fleet fleet;

    ClosingFleet(Object fleet) {
      this.fleet = (Fleet) fleet;
    }

    @Override
    public void close() {
      fleet.close();
    }
  }
}
