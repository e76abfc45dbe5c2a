"""Specs split over several files: relative-file `$ref`s are read under the root document's
directory and bundled into one document (`generator/spec/bundle.py`).

`specs/multifile/root.yaml` takes a path item, a parameter, a response and schemas from other
files; those refer to further files, to themselves (`#/Tag` in schemas/pet.yaml) and back to
the root (`../root.yaml#/components/schemas/Kind`); owner.yaml and pet.yaml refer to each
other. Errors are in test_errors_and_lenient.py, `check` in tests/workflow.
"""

from __future__ import annotations

import pytest
from feature_harness import MODES, FeatureSet, Mode, json_of, reply

PET = {
    "id": 1,
    "name": "Rex",
    "tag": {"label": "good"},
    "kind": "dog",
    "owner": {"name": "Ann", "pets": [{"id": 2, "name": "Bit"}]},
}


@pytest.mark.parametrize("mode", MODES)
async def test_path_item_from_another_file_lists_schemas_from_a_third(
    features: FeatureSet, mode: Mode
) -> None:
    f = features.feature("multifile")
    pets, request = await f.acall(mode, "listPets", limit=5, answer=reply(200, [PET]))
    assert (request.method, request.url.path, request.url.params["limit"]) == ("GET", "/pets", "5")
    (pet,) = pets
    assert isinstance(pet, f.module.Pet)
    assert (pet.id, pet.name, pet.kind) == (1, "Rex", f.module.Kind.DOG)


def test_schemas_of_other_files_refer_to_each_other_and_back(features: FeatureSet) -> None:
    """owner.yaml (a whole file, named by the root's `Owner` slot) and pet.yaml's `Pet` refer to
    each other; pet.yaml's local `#/Tag` is pet.yaml's Tag, not the root's string `Tag`."""
    f = features.feature("multifile")
    pet, _ = f.call("getPet", 1, answer=reply(200, PET))
    assert isinstance(pet.owner, f.module.Owner)
    assert isinstance(pet.owner.pets[0], f.module.Pet)
    assert pet.owner.pets[0].name == "Bit"
    assert type(pet.tag).__name__ == "Tag2"
    assert pet.tag.label == "good"
    with pytest.raises(f.module.APIResponseValidationError):
        f.call("getPet", 1, answer=reply(200, {**PET, "tag": {"nolabel": 1}}))


def test_parameter_and_response_from_other_files(features: FeatureSet) -> None:
    f = features.feature("multifile")
    _, request = f.call("getPet", 7, answer=reply(200, PET))
    assert request.url.path == "/pets/7"
    with pytest.raises(f.module.NotFoundError) as caught:
        f.call("getPet", 8, answer=reply(404, {"detail": "gone"}))
    assert isinstance(caught.value.body, f.module.Problem)
    assert caught.value.body.detail == "gone"


@pytest.mark.parametrize("mode", MODES)
async def test_request_body_from_another_file(features: FeatureSet, mode: Mode) -> None:
    f = features.feature("multifile")
    pet, request = await f.acall(
        mode, "createPet", name="Rex", tag={"label": "new"}, answer=reply(201, PET)
    )
    assert (request.method, json_of(request)) == ("POST", {"name": "Rex", "tag": {"label": "new"}})
    assert isinstance(pet, f.module.Pet)


def test_model_names_come_from_keys_and_file_stems(features: FeatureSet) -> None:
    models = {model.name for model in features.api("multifile").models}
    assert {"Pet", "NewPet", "Owner", "Problem", "Tag2"} <= models


@pytest.mark.parametrize(("tag", "name"), [("cat", "Cat"), ("dog", "Dog")])
def test_discriminator_mapping_to_other_files(features: FeatureSet, tag: str, name: str) -> None:
    """schemas/animal.yaml maps `cat` to its own `#/Cat` and `dog` to the file dog.yaml."""
    f = features.feature("multifile")
    animal, _ = f.call("getAnimal", "a1", answer=reply(200, {"type": tag}))
    assert type(animal).__name__ == name
