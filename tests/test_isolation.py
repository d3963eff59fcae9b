from reader import paths


def test_every_user_directory_is_inside_the_temporary_home(isolated_home):
    for folder in (paths.data_dir(), paths.cache_dir(), paths.config_dir()):
        assert folder.is_relative_to(isolated_home), folder
