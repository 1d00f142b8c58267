package io.remoteservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps every diagram in processes/ readable in Modeler and Cockpit and in step with the code: layout,
 * meaningful ids, history time to live, forms that exist, variables that the facade declares.
 */
class ProcessModelTest {

  /** Ids as Camunda Modeler generates them: {@code Activity_0xrmvgg}, {@code Flow_1a2b3c4}, {@code StartEvent_1}. */
  static final Pattern GENERATED_ID = Pattern.compile("^[A-Za-z]+_(?:[01][0-9a-z]{6}|\\d+)$");
  static final Pattern DELEGATE = Pattern.compile("^\\$\\{[a-z][A-Za-z]*Delegate}$");
  static final Pattern IDENTIFIER = Pattern.compile("(?<![.'\\w])([a-zA-Z_][a-zA-Z0-9_]*)(?!\\s*\\()");
  static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq", "ne",
      "lt", "gt", "le", "ge", "div", "mod", "instanceof");

  static Map<String, BpmnModelInstance> models = new HashMap<>();
  static Map<String, JsonNode> forms = new HashMap<>();
  static Set<String> variableNames;

  @BeforeAll
  static void load() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        models.put(file.getFileName().toString().replace(".bpmn", ""), Bpmn.readModelFromFile(file.toFile()));
      }
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
        JsonNode form = json.readTree(file.toFile());
        forms.put(form.path("id").asText(), form);
      }
    }
    variableNames = ProcessVariables.all().stream().map(Variable::name).collect(Collectors.toSet());
    assertThat(models).as("diagrams in processes/").isNotEmpty();
  }

  @Test
  void processKeyEqualsFileNameAndHistoryIsKept() {
    models.forEach((file, model) -> {
      List<Process> processes = List.copyOf(model.getModelElementsByType(Process.class));
      assertThat(processes).as(file).hasSize(1);
      assertThat(processes.get(0).getId()).as("process key of %s.bpmn", file).isEqualTo(file);
      assertThat(processes.get(0).getCamundaHistoryTimeToLiveString()).as("historyTimeToLive of %s", file).isNotBlank();
    });
  }

  @Test
  void everyElementHasAMeaningfulId() {
    models.forEach((file, model) -> assertThat(generatedIds(model)).as("generated ids in %s.bpmn", file).isEmpty());
  }

  @Test
  void generatedIdsAreRecognised() {
    assertThat(GENERATED_ID.matcher("Activity_0xrmvgg").matches()).isTrue();
    assertThat(GENERATED_ID.matcher("Flow_1a2b3c4").matches()).isTrue();
    assertThat(GENERATED_ID.matcher("StartEvent_1").matches()).isTrue();
    assertThat(GENERATED_ID.matcher("Task_RunAutoAction").matches()).isFalse();
    BpmnModelInstance generated = Bpmn.createExecutableProcess("p").startEvent().userTask("Activity_0xrmvgg").endEvent().done();
    assertThat(generatedIds(generated)).contains("Activity_0xrmvgg");
  }

  @Test
  void everyDiagramCarriesItsLayout() {
    models.forEach((file, model) -> {
      Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
          .map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
      Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
          .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
      for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
        assertThat(shapes).as("%s.bpmn: shape of %s", file, node.getId()).contains(node.getId());
      }
      for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
        assertThat(edges).as("%s.bpmn: edge of %s", file, flow.getId()).contains(flow.getId());
      }
    });
  }

  @Test
  void userTasksGoToGroupsAndUseDeployedForms() {
    models.forEach((file, model) -> {
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        String where = file + ".bpmn " + task.getId();
        assertThat(task.getCamundaAssignee()).as("%s: no fixed assignee", where).isNull();
        assertThat(task.getCamundaCandidateGroups()).as("%s: candidate groups", where).isNotBlank();
        assertThat(task.getCamundaFormRef()).as("%s: formRef", where).isNotBlank();
        assertThat(task.getCamundaFormRefBinding()).as("%s: formRefBinding", where).isEqualTo("deployment");
        assertThat(forms).as("%s: form %s in forms/", where, task.getCamundaFormRef()).containsKey(task.getCamundaFormRef());
      }
    });
  }

  @Test
  void serviceTasksUseOneDelegateBeanEach() {
    models.forEach((file, model) -> {
      for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
        assertThat(task.getCamundaDelegateExpression()).as("%s.bpmn %s", file, task.getId()).matches(DELEGATE);
      }
    });
  }

  @Test
  void formsAndConditionsUseDeclaredVariables() {
    forms.forEach((id, form) -> {
      List<String> keys = new ArrayList<>();
      form.path("components").forEach(c -> {
        if (c.hasNonNull("key")) {
          keys.add(c.get("key").asText());
        }
      });
      assertThat(variableNames).as("field keys of form %s", id).containsAll(keys);
    });
    models.forEach((file, model) -> {
      for (ConditionExpression condition : model.getModelElementsByType(ConditionExpression.class)) {
        assertThat(variableNames).as("%s.bpmn condition %s", file, condition.getTextContent())
            .containsAll(identifiers(condition.getTextContent()));
      }
    });
  }

  @Test
  void identifiersAreFoundInConditions() {
    assertThat(identifiers("${manualDecision == 'return' && !inPool}")).containsExactlyInAnyOrder("manualDecision", "inPool");
  }

  static List<String> generatedIds(BpmnModelInstance model) {
    return model.getModelElementsByType(BaseElement.class).stream()
        .map(BaseElement::getId).filter(id -> id != null && GENERATED_ID.matcher(id).matches()).toList();
  }

  static List<String> identifiers(String expression) {
    String body = expression.trim().replaceAll("^\\$\\{|}$", "").replaceAll("'[^']*'", "''");
    List<String> names = new ArrayList<>();
    Matcher m = IDENTIFIER.matcher(body);
    while (m.find()) {
      if (!EL_WORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
