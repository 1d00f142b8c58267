package io.remoteservice.agent.process;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.engine.variable.Variables;

/**
 * One typed process variable: its name appears nowhere else in the code. Read with {@link #from},
 * write with {@link #on}.
 */
public final class Variable<T> {

  private final String name;
  private final Class<T> type;

  Variable(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** The value, or null when the variable is not set. */
  public T from(VariableScope scope) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalStateException("process variable '" + name + "' is a " + value.getClass().getSimpleName()
          + ", expected " + type.getSimpleName());
    }
    return type.cast(value);
  }

  /** The value, or a clear error naming the variable when it is missing. */
  public T required(VariableScope scope) {
    T value = from(scope);
    if (value == null) {
      throw new IllegalStateException("process variable '" + name + "' is required but not set");
    }
    return value;
  }

  public T orDefault(VariableScope scope, T fallback) {
    return Objects.requireNonNullElse(from(scope), fallback);
  }

  public void on(VariableScope scope, T value) {
    scope.setVariable(name, typed(value));
  }

  public void locallyOn(VariableScope scope, T value) {
    scope.setVariableLocal(name, typed(value));
  }

  TypedValue typed(T value) {
    if (type == String.class) {
      return Variables.stringValue((String) value);
    } else if (type == Integer.class) {
      return Variables.integerValue((Integer) value);
    } else if (type == Long.class) {
      return Variables.longValue((Long) value);
    } else if (type == Boolean.class) {
      return Variables.booleanValue((Boolean) value);
    } else if (type == java.util.Date.class) {
      return Variables.dateValue((java.util.Date) value);
    }
    return Variables.untypedValue(value);
  }

  @Override
  public String toString() {
    return name + ":" + type.getSimpleName();
  }
}
